-- Loaded by the other scripts (from the repository's root, as the bench
-- scripts run wrk). Every wrk thread's Lua starts math.random from the same
-- seed, so two threads would ask for the same sequence of pages and the
-- second would find each one in the server's cache of recent pages. setup
-- gives each thread a seed of its own, and init, or a script's own init,
-- calls seed() before it draws anything.
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("thread_seed", threads)
end

function seed()
	math.randomseed(thread_seed * 7919)
end

init = seed
