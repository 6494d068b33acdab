"""Runs a command; prints its wall time and the peak RSS of its process tree
(the largest of the command and every descendant it waited for)."""
import resource
import subprocess
import sys
import time

start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(done.stdout)
print(f"MEASURE wall_s={wall:.3f} peak_rss_mib={peak_kib / 1024:.1f} exit={done.returncode}")
sys.exit(done.returncode)
