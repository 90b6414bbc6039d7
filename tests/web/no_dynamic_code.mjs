// The page's JavaScript compiles no code at run time: no eval(...), new Function(...), Function(...),
// and no setTimeout/setInterval with a string. The page's Content-Security-Policy forbids them
// (web/index.html), so any such call would break the page; this check finds them before a browser does.
//   node tests/web/no_dynamic_code.mjs FILE.js...
// Prints each hit with its file and a little context; exits 1 if there is one, 2 on a usage error.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) { console.error('usage: node no_dynamic_code.mjs FILE.js...'); process.exit(2); }

// A call, not a name that merely ends in "Function" (createNamedFunction) or "eval" (retrieval).
const patterns = [
  ['eval', /(?<![\w$.])eval\s*\(/g],
  ['new Function', /\bnew\s+Function\s*\(/g],
  ['Function(', /(?<![\w$.]|new\s)Function\s*\(/g],
  ['string timer', /\bset(?:Timeout|Interval)\s*\(\s*["'`]/g],
];

let hits = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const [what, re] of patterns) {
    for (const m of text.matchAll(re)) {
      hits++;
      const context = text.slice(Math.max(0, m.index - 50), m.index + 60).replace(/\s+/g, ' ');
      console.log(`${file}: ${what} at offset ${m.index}: ...${context}...`);
    }
  }
  console.log(`${file}: ${text.length} characters checked`);
}
console.log(hits ? `${hits} dynamic-code call(s) found` : 'no eval, no new Function, no string timers');
process.exit(hits ? 1 : 0);
