// tfjs prints a multi-line "install @tensorflow/tfjs-node" banner when it is imported in Node
// without the native backend. The trainer already reports which backend it chose, so the
// banner is noise in the user's log; this module must be imported before tfjs.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const first = String(args[0] ?? '');
  if (first.includes('Hi, looks like you are running TensorFlow.js in Node.js') || /^=+$/.test(first.trim())) return;
  warn(...args);
};
