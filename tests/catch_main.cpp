// Catch2 v2 only: the test runner's main(), compiled once and linked into every test.
// (Catch2 v3 provides Catch2::Catch2WithMain instead.)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
