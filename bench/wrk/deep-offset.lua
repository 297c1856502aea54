-- A different page deep in the whole collection each request.
request = function()
	return wrk.format(nil, wrk.path .. "?offset=" .. math.random(900000, 990000))
end
