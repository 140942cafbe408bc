/// <reference types="vite/client" />

// d3-scale-chromatic ships no types and @types/d3-scale-chromatic is not installed; the one
// interpolator the heatmap uses:
declare module 'd3-scale-chromatic' {
  export function interpolateCividis(t: number): string;
}
