/** Pixel box in the frame the plate was read from. */
export interface PlateBox {
  x: number;
  y: number;
  w: number;
  h: number;
}
