# Generates benchmark observations for the sample's datastreams. Input: the catalog as CSV lines
# "id,key,plausible_min,plausible_max" (min/max may be empty). Variables:
#   mode   kafka   "key:{json}" lines for `kcat -P -K:` (keyed by datastream key)
#          csv     "datastream_id,phenomenon_time,result,source,source_offset" rows for \copy
#          json    JSON arrays of `per` observations, one array per file: out_prefix N .json
#                  (per=0: one bare observation object per file)
#          single  one JSON observation a line
#   n      how many observations; day  the UTC day (YYYY-MM-DD) they fall on, one second apart per
#   datastream (n / datastreams must stay under 86,400); per, out_prefix: json mode only.
# Every observation gets a distinct (datastream, time) and a result inside the plausible range.
BEGIN { FS = "," }
{
  ids[NR - 1] = $1; keys[NR - 1] = $2
  lo = ($3 == "") ? 0 : $3 + 0
  hi = ($4 == "") ? lo + 100 : $4 + 0
  los[NR - 1] = lo; spans[NR - 1] = hi - lo
}
END {
  d = NR
  if (d == 0) { print "generate.awk: no datastreams" > "/dev/stderr"; exit 1 }
  if (n / d >= 86400) { print "generate.awk: too many observations for one day" > "/dev/stderr"; exit 1 }
  for (i = 0; i < n; i++) {
    j = i % d; s = int(i / d)
    t = sprintf("%sT%02d:%02d:%02dZ", day, int(s / 3600), int(s / 60) % 60, s % 60)
    r = sprintf("%.2f", los[j] + spans[j] * (0.25 + 0.5 * ((i * 7919) % 1000) / 1000))
    if (mode == "kafka") {
      printf "%s:{\"datastream\":\"%s\",\"phenomenonTime\":\"%s\",\"result\":%s}\n", keys[j], keys[j], t, r
    } else if (mode == "csv") {
      printf "%s,%s,%s,bench-copy,%d\n", ids[j], t, r, i
    } else if (mode == "single") {
      printf "{\"datastream\":\"%s\",\"phenomenonTime\":\"%s\",\"result\":%s}\n", keys[j], t, r
    } else if (mode == "json") {
      if (per == 0) {   # one bare object a file
        f = sprintf("%s%05d.json", out_prefix, i)
        printf "{\"datastream\":\"%s\",\"phenomenonTime\":\"%s\",\"result\":%s}", keys[j], t, r > f
        close(f)
        continue
      }
      k = int(i / per)
      f = sprintf("%s%05d.json", out_prefix, k)
      printf "%s{\"datastream\":\"%s\",\"phenomenonTime\":\"%s\",\"result\":%s}", (i % per == 0) ? "[" : ",", keys[j], t, r > f
      if (i % per == per - 1 || i == n - 1) { printf "]\n" > f; close(f) }
    }
  }
}
