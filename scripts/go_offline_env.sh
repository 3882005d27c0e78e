# Sourced by the scripts that run Go in tests: no network, no module downloads, every cache
# under the given work directory (so a test never writes to $HOME and never reaches out).
#   go_offline_env WORK_DIR
go_offline_env() {
  export GO111MODULE=on
  export GOFLAGS=-mod=mod
  export GOPROXY=off
  export GOSUMDB=off
  export GOTOOLCHAIN=local
  export GOCACHE="$1/cache"
  export GOPATH="$1/gopath"
  export GOMODCACHE="$1/gopath/pkg/mod"
}
