-- wrk script of src/bench/tiles.sh: GETs the paths of the file named by the environment variable
-- TILES_PATHS (one a line) in turn, each thread starting at another place in the list.
local paths = {}
for line in io.lines(os.getenv("TILES_PATHS")) do
  paths[#paths + 1] = line
end
local counter = 0
local i = 0

function setup(thread)
  thread:set("start", counter * 97)
  counter = counter + 1
end

function init(args)
  i = (start or 0) % #paths
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
