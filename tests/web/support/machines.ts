// A hand-made CSV for the focal-loss lesson's own-data tests: 200 machines, a temperature and a
// vibration reading, and a failure (label 1) when both run high, every 23rd label flipped so the
// classes overlap: 32 failures in 200, a rare class.
export const MACHINE_ROWS = Array.from({ length: 200 }, (_, i) => {
  const temperature = 40 + ((i * 37) % 60), vibration = ((i * 13) % 29) / 10;
  return [temperature, vibration, Number(temperature > 85 && vibration > 1.2) ^ Number(i % 23 === 0)];
});
export const MACHINES_CSV = ['temperature,vibration,failure', ...MACHINE_ROWS.map((r) => r.join(','))].join('\n') + '\n';
