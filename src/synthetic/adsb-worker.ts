/** Worker thread of the synthetic readsb day: generates and gzips one batch of aircraft (./adsb.ts). */
import { parentPort } from 'node:worker_threads';
import { generateMembers, type SyntheticAircraft } from './adsb.ts';

parentPort!.on('message', (m: { id: number; from: number; to: number; seed: number; dayStartS: number; pointsPerAircraft: number; extra: SyntheticAircraft[] }) => {
  const members = generateMembers(m);
  parentPort!.postMessage({ id: m.id, members }, members.map((x) => x.data.buffer as ArrayBuffer));
});
