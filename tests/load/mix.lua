-- wrk script: cycles through the targets in targets.txt (one request path per line).
local targets = {}
for line in io.lines("targets.txt") do targets[#targets + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", targets[(counter % #targets) + 1])
end
-- Non-2xx answers are counted by wrk as errors ("Non-2xx or 3xx responses").
