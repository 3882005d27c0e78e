module gosprintf

go 1.19
