-- sep joins the query to a path that may hold one already.
local sep = wrk.path:find("?", 1, true) and "&" or "?"
-- A different page deep in the whole collection each request.
request = function()
	return wrk.format(nil, wrk.path .. sep .. "offset=" .. math.random(900000, 990000))
end
