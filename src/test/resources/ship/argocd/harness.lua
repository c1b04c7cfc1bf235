-- Runs an Argo CD health script as Argo CD does: the resource in the global `obj`, the
-- script's returned table read back. Usage: lua5.1 harness.lua SCRIPT FIXTURE
-- FIXTURE is a Lua file returning the resource as a table. Prints status, then message.
obj = dofile(arg[2])
local hs = dofile(arg[1])
io.write(tostring(hs.status), "\n", tostring(hs.message), "\n")
