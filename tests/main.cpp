// The Catch2 v2 runner shared by the native and the wasm test builds.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
