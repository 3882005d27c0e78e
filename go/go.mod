module github.com/trainjob/trainjob-go

go 1.19
