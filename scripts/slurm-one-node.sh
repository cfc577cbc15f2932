#!/usr/bin/env bash
# A real one-node Slurm cluster from Debian's packages, for trying `mnist-lab plan --slurm` and
# for its integration test (test/integration/slurm.test.ts).
#
#   bash scripts/slurm-one-node.sh start    install if needed (root + apt), configure, start, wait until idle
#   bash scripts/slurm-one-node.sh stop     stop only the daemons this script started
#   bash scripts/slurm-one-node.sh status
#
# Exit codes of start: 0 running, 3 Slurm cannot be had here (not installed and cannot install:
# not root, no apt-get, or MNIST_LAB_SLURM_INSTALL=0; or a slurm.conf that is not ours and no
# running cluster), 1 anything else failed. The reason is printed on stderr in each case.
# An existing /etc/slurm/slurm.conf not written by this script is never touched.
set -euo pipefail

MARK='# written by mnist-lab scripts/slurm-one-node.sh'
STATE=/run/mnist-lab-slurm
CONF=/etc/slurm/slurm.conf

say() { echo "slurm-one-node: $*" >&2; }
unavailable() { say "$*"; exit 3; }

is_root() { [ "$(id -u)" = 0 ]; }
installed() { command -v sbatch >/dev/null && [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] && [ -x /usr/sbin/munged ]; }
node_idle() { sinfo -h -N -o %T 2>/dev/null | grep -Eqx 'idle|mixed|allocated'; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  installed && return 0
  [ "${MNIST_LAB_SLURM_INSTALL:-1}" = 0 ] && unavailable "Slurm is not installed and MNIST_LAB_SLURM_INSTALL=0 forbids installing it"
  is_root || unavailable "Slurm is not installed, and installing it needs root (apt-get install slurmctld slurmd slurm-client munge)"
  command -v apt-get >/dev/null || unavailable "Slurm is not installed and this machine has no apt-get"
  say "installing slurmctld slurmd slurm-client munge from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d may deny starting services during the install; they are started by hand below.
  if ! apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/tmp/mnist-lab-slurm-apt.log 2>&1; then
    apt-get update -qq >>/tmp/mnist-lab-slurm-apt.log 2>&1 || true
    apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >>/tmp/mnist-lab-slurm-apt.log 2>&1 ||
      unavailable "apt-get could not install Slurm (log: /tmp/mnist-lab-slurm-apt.log): $(tail -3 /tmp/mnist-lab-slurm-apt.log | tr '\n' ' ')"
  fi
  installed || unavailable "Slurm's packages installed but slurmctld, slurmd, sbatch or munged is missing"
}

write_config() {
  if [ -f "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
    return 1
  fi
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  # 80 % of the memory, so a task's --mem fits on the one node.
  mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  cat >"$CONF" <<EOF
$MARK
ClusterName=mnistlab
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  if installed && node_idle; then
    say "a Slurm cluster is already running here; using it"
    return 0
  fi
  install_packages
  is_root || unavailable "Slurm is installed but not running, and starting its daemons needs root"
  write_config || unavailable "$CONF exists and was not written by this script; not touching it (and no cluster answers)"
  mkdir -p "$STATE"
  if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --force
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
  fi
  mkdir -p /run/munge && chown munge:munge /run/munge
  if ! { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }; then
    runuser -u munge -- /usr/sbin/munged
    echo munged >>"$STATE/started"
  fi
  if ! alive /run/slurmctld.pid; then
    /usr/sbin/slurmctld
    echo slurmctld >>"$STATE/started"
  fi
  if ! alive /run/slurmd.pid; then
    /usr/sbin/slurmd
    echo slurmd >>"$STATE/started"
  fi
  for _ in $(seq 120); do
    node_idle && { say "running: $(sinfo -h -N -o '%N %T %c CPUs %m MB')"; return 0; }
    sleep 0.5
  done
  say "the node did not become idle within 60 s:"
  sinfo -N -l >&2 || true
  tail -5 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
  exit 1
}

stop_one() {
  local pidfile=$1 pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  say "process $pid ($pidfile) did not stop after SIGTERM"
}

stop() {
  [ -f "$STATE/started" ] || { say "nothing to stop: this script started no daemon"; return 0; }
  grep -qx slurmd "$STATE/started" && stop_one /run/slurmd.pid
  grep -qx slurmctld "$STATE/started" && stop_one /run/slurmctld.pid
  grep -qx munged "$STATE/started" && stop_one /run/munge/munged.pid
  rm -f "$STATE/started"
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) installed && node_idle && sinfo -N || { say "no Slurm cluster answers here"; exit 3; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
