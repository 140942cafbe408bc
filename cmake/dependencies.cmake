# Header-only dependencies: xtensor (with xtl, xsimd) and Catch2 v2.
#
# Natively they come from find_package. Under Emscripten, find_package cannot see /usr/include
# (the find root is the Emscripten sysroot), and adding -I/usr/include would let glibc's headers
# shadow Emscripten's libc. So we make a build-tree folder holding links to just these libraries
# and add it with -isystem (see ../shared/TOOLCHAIN.md, pitfall 4).

set(LOSSLAB_HEADER_ROOTS "/usr/include;/usr/local/include" CACHE STRING
    "Where the xtensor, xtl, xsimd and catch2 header folders are looked for under Emscripten")

add_library(losslab_deps INTERFACE)

if(EMSCRIPTEN)
  set(_links "${CMAKE_BINARY_DIR}/host-headers")
  file(MAKE_DIRECTORY "${_links}")
  foreach(_lib xtensor xtl xsimd catch2)
    unset(_found)
    foreach(_root IN LISTS LOSSLAB_HEADER_ROOTS)
      if(NOT _found AND EXISTS "${_root}/${_lib}")
        set(_found "${_root}/${_lib}")
      endif()
    endforeach()
    if(NOT _found)
      message(FATAL_ERROR "Header folder '${_lib}' not found in ${LOSSLAB_HEADER_ROOTS}. "
                          "On Debian/Ubuntu: apt-get install libxtensor-dev libxsimd-dev catch2")
    endif()
    file(CREATE_LINK "${_found}" "${_links}/${_lib}" SYMBOLIC)
  endforeach()
  target_include_directories(losslab_deps SYSTEM INTERFACE "${_links}")
  set(LOSSLAB_CATCH_HEADERS "${_links}")
else()
  find_package(xtensor REQUIRED)
  target_link_libraries(losslab_deps INTERFACE xtensor)
  if(LOSSLAB_TESTS)
    find_package(Catch2 2 REQUIRED)
  endif()
endif()
