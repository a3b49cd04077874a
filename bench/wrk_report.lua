-- wrk script: send the API token, and print the summary as one JSON line (latencies in ms).
-- BENCH_VARY_QUERY=1 adds a parameter no filter reads (`_bench=<run>-<thread>-<n>`) that differs on
-- every request of every run, so each one misses the API response cache and stores an entry (the
-- miss path). BENCH_RUN_ID must differ between runs (the warm-up is a run too).
local token = os.getenv("BENCH_TOKEN") or ""
local vary = os.getenv("BENCH_VARY_QUERY") == "1"
local run_id = os.getenv("BENCH_RUN_ID") or "0"
wrk.headers["Authorization"] = "Token " .. token
wrk.headers["Accept"] = "application/json"

local threads_made = 0
setup = function(thread)
  threads_made = threads_made + 1
  thread:set("thread_number", threads_made)
end

local sent = 0
if vary then
  request = function()
    sent = sent + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    local path = wrk.path .. separator .. "_bench=" .. run_id .. "-" .. tostring(thread_number) .. "-" .. sent
    return wrk.format(nil, path)
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1000000
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p90_ms": %.2f, ' ..
    '"p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "errors_connect": %d, "errors_read": %d, ' ..
    '"errors_write": %d, "errors_timeout": %d, "non_2xx": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status))
end
