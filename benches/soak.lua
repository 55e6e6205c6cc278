-- wrk script for benches/soak.sh: a mix of 90% project page GETs, 8% downloads and 2%
-- approval POSTs, each POST deciding a different pending approval.
-- Arguments: page path, download path, approvals file (`path<TAB>form body` lines),
-- how many of its lines earlier runs used already.

local page, download
local items = {}
local next_item = 0
local n = 0
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
ok = 0
bad = 0
decided = 0

function init(args)
  page, download = args[1], args[2]
  local skip = tonumber(args[4]) or 0
  local i = 0
  for line in io.lines(args[3]) do
    i = i + 1
    if i > skip then
      local path, body = line:match("^([^\t]+)\t(.*)$")
      if path then
        items[#items + 1] = { path, body }
      end
    end
  end
end

function request()
  n = n + 1
  local slot = n % 50
  if slot == 0 and next_item < #items then
    next_item = next_item + 1
    decided = decided + 1
    local item = items[next_item]
    return wrk.format("POST", item[1], form, item[2])
  elseif slot == 1 or slot == 13 or slot == 25 or slot == 37 then
    -- 4 of 50: 8%.
    return wrk.format("GET", download)
  end
  return wrk.format("GET", page)
end

function response(status, headers, body)
  if status == 200 or status == 303 then
    ok = ok + 1
  else
    bad = bad + 1
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local good, wrong, used = 0, 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    wrong = wrong + t:get("bad")
    used = used + t:get("decided")
  end
  local e = summary.errors
  io.write(string.format("rps: %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p99_us: %d\n", latency:percentile(99)))
  io.write(string.format("ok: %d\nbad: %d\n", good, wrong))
  io.write(string.format("socket_errors: %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("decided: %d\n", used))
end
