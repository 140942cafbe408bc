// A hand-made multi-class CSV for the label-smoothing lesson's own-data tests: 150 flowers, a petal
// length (cm) and width (mm), and a species 0, 1 or 2 read off the length (below 3 cm, 3–5 cm, 5 cm
// and up), every 11th label moved to the next species so the classes overlap (label noise).
export const FLOWER_ROWS = Array.from({ length: 150 }, (_, i) => {
  const length = 1 + ((i * 29) % 61) / 10, width = 2 + ((i * 17) % 23);
  const species = length < 3 ? 0 : length < 5 ? 1 : 2;
  return [length, width, (species + Number(i % 11 === 0)) % 3];
});
export const FLOWERS_CSV = ['petal_length,petal_width,species', ...FLOWER_ROWS.map((r) => r.join(','))].join('\n') + '\n';
