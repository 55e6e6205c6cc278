-- wrk script for benches/load.sh: every request decides a different pending approval.
-- Argument: a file of `path<TAB>form body` lines (written by examples/load_seed.rs).
-- When the list runs out the thread stops, so no request is a replay.

local items = {}
local next_item = 0
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
see_other = 0
other = 0

function init(args)
  for line in io.lines(args[1]) do
    local path, body = line:match("^([^\t]+)\t(.*)$")
    if path then
      items[#items + 1] = { path, body }
    end
  end
end

function request()
  next_item = next_item + 1
  local item = items[next_item]
  if item == nil then
    wrk.thread:stop()
    item = items[#items]
  end
  return wrk.format("POST", item[1], headers, item[2])
end

function response(status, hdrs, body)
  if status == 303 then
    see_other = see_other + 1
  else
    other = other + 1
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("see_other")
    bad = bad + t:get("other")
  end
  io.write(string.format("approve_303: %d\napprove_other: %d\n", ok, bad))
  io.write(string.format("approve_p99_us: %d\n", latency:percentile(99)))
  io.write(string.format("approve_duration_us: %d\n", summary.duration))
end
