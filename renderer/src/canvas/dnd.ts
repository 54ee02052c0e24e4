/** Drag-and-drop payload types from the palette onto the canvas: a layer kind, or a library block's id. */
export const PALETTE_MIME = 'application/x-stride-kind';
export const LIBRARY_BLOCK_MIME = 'application/x-stride-block';
