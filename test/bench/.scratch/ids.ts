import { benchIdNumber } from '../lib/residents';
const seen = new Map<string, number>();
for (let i = 0; i < 310000; i++) { const id = benchIdNumber(i); if (seen.has(id)) { console.log('dup', i, seen.get(id), id); if (seen.size > 5) break; } seen.set(id, i); }
console.log('done', seen.size);
