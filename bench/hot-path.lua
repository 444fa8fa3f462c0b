-- wrk script for bench/hot-path.sh. Arguments: MODE PATH
--   key     GET PATH<random id 1..100000>[SUFFIX] (third argument: a suffix such as "/")
--   search  GET PATH<random number 101..100000>[SUFFIX]: a search term that names one product ("product 4242";
--           from 101 on, as the "bulk 1".."bulk 100" rows the creates add share the lower ones)
--   create  POST one new product to PATH
--   create100  POST an array of 100 new products to PATH
math.randomseed(os.time())
function init(args)
  mode, path, suffix = args[1], args[2], args[3] or ""
  local rows = {}
  for i = 1, 100 do
    rows[i] = string.format('{"name": "bulk %d", "category": "cat%d", "price": %d.50, "stock": %d, '
      .. '"description": "made by wrk"}', i, i % 20, i, i)
  end
  batch = "[" .. table.concat(rows, ",") .. "]"
end

-- HOT_PATH_HEADER ("Name: value"): who calls, sent with every request: the tenant in local mode, the bearer token
-- in enforced mode.
local headers = {["Content-Type"] = "application/json"}
local caller_name, caller_value = (os.getenv("HOT_PATH_HEADER") or "X-Tenant: bench"):match("^([^:]+):%s*(.*)$")
headers[caller_name] = caller_value

function request()
  if mode == "key" then
    return wrk.format("GET", path .. math.random(1, 100000) .. suffix, headers)
  elseif mode == "search" then
    return wrk.format("GET", path .. math.random(101, 100000) .. suffix, headers)
  elseif mode == "create" then
    local n = math.random(1, 1000000)
    return wrk.format("POST", path, headers, string.format('{"name": "new %d", "category": "cat%d", '
      .. '"price": %d.25, "stock": %d, "description": "made by wrk"}', n, n % 20, n % 1000, n % 50))
  else
    return wrk.format("POST", path, headers, batch)
  end
end
