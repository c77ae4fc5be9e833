import re,collections,bisect
samples=[]; cur=None
for line in open('/tmp/ps.txt'):
    if not line.startswith('\t') and line.strip():
        p=line.split(); tid=int(p[0]); t=float(p[1].rstrip(':')); cur=[tid,t,[]]; samples.append(cur)
    elif line.strip() and cur is not None:
        cur[2].append(line.strip().split()[-1] if False else line.strip())
def sym(f): return f.split(' ',1)[1] if ' ' in f else f
SPIN=('waitUntilFinished','waitForLoop','workerLoop','sched_yield','__schedule','schedule','do_syscall','clock_gettime','entry_SYSCALL','raw_spin','exit_to_user','syscall_exit','vdso','__x64_sys','do_sched_yield','yield_task','pick_next','update_curr','finish_task_switch','__sched_yield','native_sched','nanoseconds','Synchronization','Atomic')
def label(st):
    for f in st:
        s=sym(f)
        m=re.search(r'\$s7Kernels(\d+)([A-Za-z]+?)O(\d+)',s)
        if 'Kernels' in s or 'VectorKernels' in s:
            return re.sub(r'[0-9]','',s)[:70]
        if s.startswith('sgemm') : return 'sgemm'
    return sym(st[0])[:60] if st else '?'
def isspin(st):
    if not st: return False
    leaf=sym(st[0])
    if any(k in leaf for k in SPIN): return True
    return False
# restrict to timed part: last 70% of samples
tids=collections.Counter(s[0] for s in samples); print(tids.most_common(4))
t0=samples[0][1]; t1=samples[-1][1]; start=t0+(t1-t0)*0.45
S=[s for s in samples if s[1]>=start]
by=collections.defaultdict(list)
for s in S: by[s[0]].append(s)
main_tids=[t for t,_ in tids.most_common(2)]
times={t:[x[1] for x in by[t]] for t in main_tids}
spin=collections.Counter(); other=collections.Counter(); tot=collections.Counter()
for t in main_tids:
    o=[x for x in main_tids if x!=t][0]
    for s in by[t]:
        tot[t]+=1
        if isspin(s[2]):
            spin[t]+=1
            i=bisect.bisect_left(times[o],s[1]); i=min(i,len(times[o])-1)
            os_=by[o][i]
            other[label(os_[2]) if not isspin(os_[2]) else 'BOTH-SPIN']+=1
print('totals',tot,'spin',spin)
n=sum(other.values())
for k,v in other.most_common(30): print(f'{v/n*100:5.1f}% {k}')
