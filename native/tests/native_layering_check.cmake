# The native parts' seams, checked by reading their #include lines (ctest
# native_layering_check, run by npm test): the debugger's parts (control/,
# record/, branch/, symbols/, process/, gpu/, probe/, replay/ and the rest)
# never see JSON or the helper protocol, which only server/ and protocol/
# speak; they throw DebugError and return plain values. And registers/ sees frames and the target through
# core/, not symbols/, which includes it (no include loop).
# Run: cmake -DSOURCE_DIR=native/src -P this file.
# Each rule: a folder, a regular expression its includes must not match,
# and why, separated by '::'.

# The debugger's parts: every folder but server/ (the edge), protocol/ (its
# framing) and core/ (the neutral vocabulary, checked on its own below).
set(DEBUGGER_PARTS branch control disasm gpu hwbreak probe process record registers replay symbols)
set(RULES
    "core::\"(branch|control|disasm|gpu|hwbreak|probe|process|protocol|record|registers|replay|server|symbols)/::core/ is the neutral vocabulary and includes no other part"
    "registers::\"symbols/::symbols/ shows the registers (VariableInspector), so registers/ sees frames and the target through core/ (no include loop)")
foreach(part IN LISTS DEBUGGER_PARTS)
  list(APPEND RULES "${part}::nlohmann/::JSON belongs to server/handlers"
       "${part}::\"(protocol|server)/::the helper protocol belongs to server/ (throw DebugError, use core/DebugEnums.h)")
endforeach()

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "native_layering_check: pass -DSOURCE_DIR=<native/src>")
endif()
get_filename_component(SOURCE_DIR "${SOURCE_DIR}" ABSOLUTE)

set(violations 0)
foreach(rule IN LISTS RULES)
  string(REPLACE "::" ";" fields "${rule}")
  list(GET fields 0 folder)
  list(GET fields 1 forbidden)
  list(GET fields 2 why)
  file(GLOB_RECURSE files "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cc")
  if(NOT files)
    message(SEND_ERROR "native_layering_check: ${SOURCE_DIR}/${folder} has no sources; is the rule out of date?")
    math(EXPR violations "${violations} + 1")
  endif()
  foreach(file IN LISTS files)
    file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS includes)
      if(line MATCHES "${forbidden}")
        file(RELATIVE_PATH shown "${SOURCE_DIR}" "${file}")
        message(SEND_ERROR "native_layering_check: ${shown}: '${line}': ${why}")
        math(EXPR violations "${violations} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations GREATER 0)
  message(FATAL_ERROR "native_layering_check: ${violations} include(s) cross a seam")
endif()
message(STATUS "native_layering_check: every part keeps to its seams")
