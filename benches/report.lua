-- wrk script for benches/load.sh: machine-readable figures after a plain GET run.

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("rps: %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_us: %d\n", latency:percentile(50)))
  io.write(string.format("p99_us: %d\n", latency:percentile(99)))
  io.write(string.format("requests: %d\n", summary.requests))
  io.write(string.format("errors: %d\n", e.connect + e.read + e.write + e.status + e.timeout))
end
