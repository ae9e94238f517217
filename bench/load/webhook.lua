-- wrk script: each thread (one connection) sends its own slice of pre-signed webhook bodies, in order, once.
-- BENCH_LOAD_SLICES names the folder of slice-NNN.tsv files (a "signature<TAB>body" line per request).
-- One connection per thread means the n-th response answers the n-th request, so done() can say exactly
-- which bodies were acknowledged: positions [0, answered) of each slice, except those listed in `bad`.

local threads = {}
local requests = {}
local next_request = 1
local verified = false

sent, answered, ok, exhausted = 0, 0, 0, false
bad = ""  -- "position:status," for every non-2xx answer; status 0 for a request lost to a socket error

function setup(thread)
   thread:set("slice", #threads)
   table.insert(threads, thread)
end

function init(args)
   local path = string.format("%s/slice-%03d.tsv", os.getenv("BENCH_LOAD_SLICES"), slice)
   local headers = {
      ["Content-Type"] = "application/json; charset=utf-8",
      ["User-Agent"] = "LineBotWebhook/2.0",
   }
   for line in io.lines(path) do
      local tab = line:find("\t", 1, true)
      headers["X-Line-Signature"] = line:sub(1, tab - 1)
      requests[#requests + 1] = wrk.format("POST", "/callback", headers, line:sub(tab + 1))
   end
end

function request()
   -- wrk calls request() once on the first thread before it starts, only to count the requests in the
   -- string (script_verify_request); that call must not use up a body.
   if slice == 0 and not verified then
      verified = true
      return requests[1]
   end
   -- A new request while the previous one is unanswered: the connection failed and that one was lost.
   while answered < sent do
      bad = bad .. answered .. ":0,"
      answered = answered + 1
   end
   if next_request > #requests then
      exhausted = true
      wrk.thread:stop()
      return wrk.format("GET", "/bench-load-slice-exhausted")
   end
   local req = requests[next_request]
   next_request = next_request + 1
   sent = sent + 1
   return req
end

function response(status, headers, body)
   if answered >= sent then
      return  -- the placeholder sent after the slice ran out
   end
   if status >= 200 and status < 300 then
      ok = ok + 1
   else
      bad = bad .. answered .. ":" .. status .. ","
   end
   answered = answered + 1
end

function done(summary, latency, requests)
   for _, thread in ipairs(threads) do
      io.write(string.format(
         'BENCH-THREAD {"slice":%d,"sent":%d,"answered":%d,"ok":%d,"exhausted":%s,"bad":"%s"}\n',
         thread:get("slice"), thread:get("sent"), thread:get("answered"), thread:get("ok"),
         tostring(thread:get("exhausted")), thread:get("bad")))
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH-SUMMARY {"duration_us":%d,"requests":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
         .. '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"status_errors":%d}\n',
      summary.duration, summary.requests, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
