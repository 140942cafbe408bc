# Toolchain for the wasm presets: finds Emscripten (Debian's package or an emsdk), includes its own
# toolchain file, and fixes the two things that break with Emscripten 3.1.6 on Node 20
# (../shared/TOOLCHAIN.md, pitfalls 1 and 3).

if(DEFINED ENV{EMSCRIPTEN_ROOT})
  set(_em_root "$ENV{EMSCRIPTEN_ROOT}")
elseif(DEFINED ENV{EMSDK})
  set(_em_root "$ENV{EMSDK}/upstream/emscripten")
elseif(EXISTS "/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  set(_em_root "/usr/share/emscripten")
else()
  find_program(_emcc emcc)
  if(_emcc)
    file(REAL_PATH "${_emcc}" _emcc_real)
    get_filename_component(_em_root "${_emcc_real}" DIRECTORY)
  endif()
endif()
if(NOT EXISTS "${_em_root}/cmake/Modules/Platform/Emscripten.cmake")
  message(FATAL_ERROR "Emscripten not found. On Debian/Ubuntu: apt-get install emscripten; "
                      "elsewhere install a recent emsdk and set EMSDK (source emsdk_env.sh).")
endif()

# The emulator that runs wasm test executables under ctest. emcmake would pass
# '--experimental-wasm-threads', which Node 20 rejects; Node 20's fetch cannot read file paths.
find_program(LOSSLAB_NODE NAMES node nodejs REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${LOSSLAB_NODE};--no-experimental-fetch" CACHE STRING
    "Runs wasm test executables" FORCE)

include("${_em_root}/cmake/Modules/Platform/Emscripten.cmake")

# Debian's emcc needs Debian's node-acorn module at link time, which the machine's Node does not
# search; every compile and link runs with NODE_PATH set.
if(EXISTS "/usr/share/nodejs/acorn")
  set(_env "${CMAKE_COMMAND};-E;env;NODE_PATH=/usr/share/nodejs")
  set(CMAKE_CXX_COMPILER_LAUNCHER "${_env}" CACHE STRING "" FORCE)
  set(CMAKE_CXX_LINKER_LAUNCHER "${_env}" CACHE STRING "" FORCE)
endif()
