/** Drag-and-drop payload types from the palette onto the canvas. */
export const PALETTE_MIME = 'application/x-stride-kind';
export const SAVED_BLOCK_MIME = 'application/x-stride-block';
