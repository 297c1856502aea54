dofile("bench/wrk/threads.lua")
-- sep joins the query to a path that may hold one already.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
-- A different 0.1° box each request: half near a city, where events
-- crowd, half anywhere in the region. The boxes are drawn and formatted
-- beforehand (see hour.lua), 65,536 of them per thread: the server's cache
-- of 512 recent pages answers for fewer than one request in a hundred.
local cities = { {44.37, 33.32}, {51.39, 35.69}, {36.29, 33.51}, {47.78, 30.51}, {46.68, 24.71}, {44.01, 36.19} }
local made = {}
init = function()
	seed()
	for i = 1, 65536 do
		local lon, lat
		if math.random() < 0.5 then
			local c = cities[math.random(#cities)]
			lon, lat = c[1] + (math.random() - 0.5) * 0.6, c[2] + (math.random() - 0.5) * 0.6
		else
			lon, lat = 34 + math.random() * 26, 13 + math.random() * 25
		end
		local box = string.format("%.3f,%.3f,%.3f,%.3f", lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05)
		made[i] = wrk.format(nil, wrk.path .. sep .. "bbox=" .. box)
	end
end
request = function()
	return made[math.random(#made)]
end
