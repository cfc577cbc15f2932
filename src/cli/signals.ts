// What the CLI does when it is told to stop while a run trains. Every path ends with run.json in
// a final state before the process exits:
//   Ctrl+C            cancel: the trainers finish their batch, the record says cancelled;
//   Ctrl+C again      stop at once: trainers killed, record written as cancelled;
//   SIGTERM (timeout, CI), SIGHUP (terminal closed): stop at once, the same way.
import type { RunHandle } from '../runs/controller';

type Say = (line: string) => void;

export function stopOnSignals(handle: Pick<RunHandle, 'cancel' | 'interrupt'>, say: Say): () => void {
  let interrupts = 0;
  const onInt = () => {
    interrupts++;
    if (interrupts === 1) {
      say('\ncancelling after the current batch (Ctrl+C again to stop at once)…');
      handle.cancel();
    } else {
      say('stopping now');
      handle.interrupt('cancelled by a second Ctrl+C before the trainers finished');
    }
  };
  const onTerm = () => handle.interrupt('cancelled: the mnist-lab process received SIGTERM');
  const onHup = () => handle.interrupt('cancelled: the terminal running mnist-lab closed (SIGHUP)');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  return () => {
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
    process.removeListener('SIGHUP', onHup);
    // The record is final now. A signal in the moment the CLI takes to print its summary and
    // exit (a second Ctrl+C just after the first one's cancel completed: training is fast enough
    // for that) must not kill it by signal instead of its exit code.
    const late = () => undefined;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, late);
    setTimeout(() => {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeListener(signal, late);
    }, 2000).unref();
  };
}

/** A closed terminal turns every write into EIO/EPIPE; the run must still reach its final write. */
export function ignoreBrokenOutput(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}
