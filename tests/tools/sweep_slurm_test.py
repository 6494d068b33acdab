#!/usr/bin/env python3
"""The Slurm job arrays `chaossim sweep --emit slurm` and `chaossim grade
--emit slurm` write, submitted to a real single-node Slurm this test starts
itself (Debian's slurmctld, slurmd and munge, no systemd): `sbatch --wait`,
then `--merge`; the merged sweep.csv must equal a local run's byte for
byte, and the merged gradebook.csv hold every submission's grade.

It needs root (slurmd runs jobs as their user; munged and slurmd refuse to
run otherwise here): elsewhere it says so and exits 77, which CTest reports
as skipped.

usage: sweep_slurm_test.py CHAOSSIM SOURCE_DIR WORK_DIR
"""
import csv
import os
import shutil
import socket
import subprocess
import sys
import time

chaossim, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.join(source, "tests", "tools", "sweep")

if os.geteuid() != 0:
    print("skipped: a single-node Slurm needs root to start (slurmd and munged); run the test suite as root to include it")
    sys.exit(77)
missing = [p for p in ("munged", "slurmctld", "slurmd", "sbatch", "sinfo") if shutil.which(p) is None]
if missing:
    print("FAILED: %s not installed (tools/test.sh installs slurmctld, slurmd, slurm-client and munge)" % ", ".join(missing), file=sys.stderr)
    sys.exit(1)

shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
os.chmod(work, 0o700)  # munged refuses folders others may write in
for name in ("mm1k.json", "grid.json"):
    shutil.copy(os.path.join(here, name), work)
grid = os.path.join(work, "grid.json")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


host = socket.gethostname().split(".")[0]
cpus = os.cpu_count() or 1
cluster = os.path.join(work, "cluster")
for d in ("state", "spool", "munge"):
    os.makedirs(os.path.join(cluster, d), mode=0o700)
os.chmod(os.path.join(cluster, "munge"), 0o711)  # its socket must be reachable
key = os.path.join(cluster, "munge", "munge.key")
with open(key, "wb") as f:
    f.write(os.urandom(1024))
os.chmod(key, 0o400)
munge_socket = os.path.join(cluster, "munge", "munge.socket")
conf = os.path.join(cluster, "slurm.conf")
with open(conf, "w") as f:
    f.write("""ClusterName=chaossim-test
SlurmctldHost={host}
SlurmUser=root
SlurmdUser=root
SlurmctldPort={ctld_port}
SlurmdPort={d_port}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={socket}
StateSaveLocation={cluster}/state
SlurmdSpoolDir={cluster}/spool
SlurmctldPidFile={cluster}/slurmctld.pid
SlurmdPidFile={cluster}/slurmd.pid
SlurmctldLogFile={cluster}/slurmctld.log
SlurmdLogFile={cluster}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName={host} CPUs={cpus} State=UNKNOWN
PartitionName=sweeps Nodes=ALL Default=YES MaxTime=INFINITE State=UP
""".format(host=host, ctld_port=free_port(), d_port=free_port(), socket=munge_socket, cluster=cluster, cpus=cpus))
env = dict(os.environ, SLURM_CONF=conf)
daemons = []


def start(command, log):
    daemons.append(subprocess.Popen(command, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT))


def log_tail(name):
    path = os.path.join(cluster, name)
    return open(path).read()[-2000:] if os.path.exists(path) else "(no %s)" % name


def fail(message):
    print("FAILED: " + message, file=sys.stderr)
    for name in ("munged.log", "slurmctld.log", "slurmd.log", "slurmctld.out", "slurmd.out"):
        print("--- %s\n%s" % (name, log_tail(name)), file=sys.stderr)
    sys.exit(1)


start(["munged", "--foreground", "--force", "--key-file=" + key, "--socket=" + munge_socket,
       "--pid-file=" + os.path.join(cluster, "munged.pid"), "--log-file=" + os.path.join(cluster, "munged.log"),
       "--seed-file=" + os.path.join(cluster, "munge", "seed")], os.path.join(cluster, "munged.out"))
try:
    deadline = time.time() + 30
    while not os.path.exists(munge_socket) and time.time() < deadline:
        time.sleep(0.1)
    if not os.path.exists(munge_socket):
        fail("munged did not start")
    start(["slurmctld", "-D", "-c", "-f", conf], os.path.join(cluster, "slurmctld.out"))
    start(["slurmd", "-D", "-f", conf, "-N", host], os.path.join(cluster, "slurmd.out"))
    deadline = time.time() + 120
    state = ""
    while time.time() < deadline:
        r = subprocess.run(["sinfo", "-h", "-o", "%T"], env=env, capture_output=True, text=True)
        state = r.stdout.strip()
        if state in ("idle", "mixed"):
            break
        time.sleep(0.5)
    if state not in ("idle", "mixed"):
        fail("the node did not come up (sinfo says %r)" % state)

    local = os.path.join(work, "local")
    r = subprocess.run([chaossim, "sweep", grid, "--out", local, "--quiet"], capture_output=True, text=True)
    if r.returncode != 0:
        fail("the local sweep: " + r.stderr)
    on_slurm = os.path.join(work, "on-slurm")
    r = subprocess.run([chaossim, "sweep", grid, "--out", on_slurm, "--emit", "slurm", "--chunk", "2", "--throttle", "2",
                        "--partition", "sweeps", "--time", "10:00", "--sbatch-option=--nice=0"], capture_output=True, text=True)
    if r.returncode != 0:
        fail("--emit slurm: " + r.stderr)
    script = os.path.join(on_slurm, "sweep.sbatch")
    text = open(script).read()
    for line in ("#SBATCH --array=0-4%2", "#SBATCH --partition=sweeps", "#SBATCH --time=10:00", "#SBATCH --nice=0"):
        if line not in text:
            fail("the script lacks %r:\n%s" % (line, text))
    r = subprocess.run(["sbatch", "--wait", script], env=env, capture_output=True, text=True, timeout=1000)
    if r.returncode != 0:
        logs = os.path.join(on_slurm, "logs")
        outputs = "".join(open(os.path.join(logs, n)).read() for n in sorted(os.listdir(logs))) if os.path.isdir(logs) else ""
        fail("sbatch --wait: %s %s\n%s" % (r.stdout, r.stderr, outputs))
    print(r.stdout.strip())
    r = subprocess.run([chaossim, "sweep", grid, "--out", on_slurm, "--merge"], capture_output=True, text=True)
    if r.returncode != 0:
        fail("the merge after Slurm: " + r.stderr)
    for name in ("sweep.csv", "sweep.json"):
        if open(os.path.join(local, name), "rb").read() != open(os.path.join(on_slurm, name), "rb").read():
            fail("%s from the Slurm array differs from the local run's" % name)
    # What was left to do is all a second emission holds.
    os.remove(os.path.join(on_slurm, "points", "p0005", "results.json"))
    r = subprocess.run([chaossim, "sweep", grid, "--out", on_slurm, "--emit", "slurm"], capture_output=True, text=True)
    text = open(script).read()
    if r.returncode != 0 or "#SBATCH --array=0-0\n" not in text or "--only p0005 " not in text:
        fail("a second --emit holds only the point not done:\n" + text + r.stderr)
    print("slurm: the array's merged sweep.csv equals the local run's")

    # A class graded by an array, a submission a task: the merged gradebook
    # has the reference's full marks and the broken one's zero (the batch's
    # gradebook equals a merged one in grading.class_on_a_cluster).
    sys.path.insert(0, os.path.join(source, "tests", "grading"))
    from assemble_class import SUBMISSIONS
    klass = os.path.join(work, "class")
    os.makedirs(klass)
    shutil.copytree(os.path.join(SUBMISSIONS, "reference-python"), os.path.join(klass, "reference-python"))
    shutil.copytree(os.path.join(SUBMISSIONS, "broken", "python-syntax-error"), os.path.join(klass, "python-syntax-error"))
    suite = os.path.join(source, "scenarios", "grading", "suite.json")
    grade = [chaossim, "grade", "--submissions", klass, "--suite", suite]
    spread = os.path.join(work, "grade-slurm")
    r = subprocess.run(grade + ["--out", spread, "--emit", "slurm", "--chunk", "1"], capture_output=True, text=True)
    if r.returncode != 0 or "#SBATCH --array=0-1\n" not in open(os.path.join(spread, "grade.sbatch")).read():
        fail("grade --emit slurm: " + r.stdout + r.stderr)
    r = subprocess.run(["sbatch", "--wait", os.path.join(spread, "grade.sbatch")], env=env, capture_output=True, text=True, timeout=1000)
    if r.returncode != 0:
        fail("sbatch --wait of the class: %s %s" % (r.stdout, r.stderr))
    r = subprocess.run(grade + ["--out", spread, "--merge"], capture_output=True, text=True)
    if r.returncode != 0:
        fail("the gradebook's merge: " + r.stderr)
    rows = {row["submission"]: row for row in csv.DictReader(open(os.path.join(spread, "gradebook.csv")))}
    if set(rows) != {"reference-python", "python-syntax-error"} or rows["reference-python"]["total"] != rows["reference-python"]["max_score"] \
            or float(rows["python-syntax-error"]["total"]) != 0:
        fail("the merged gradebook: %s" % rows)
    print("slurm: the class's array merged into one gradebook")
finally:
    for d in reversed(daemons):
        d.terminate()
    for d in reversed(daemons):
        try:
            d.wait(timeout=15)
        except subprocess.TimeoutExpired:
            d.kill()
