/** Types of eslint.layers.mjs for the tests that read its tables. */
export declare const SHARED_VOCABULARY: readonly string[];
export declare const SHARED_RUNGS: readonly (readonly string[])[];
export interface Boundary {
  readonly from: string;
  readonly fromExcept?: readonly string[];
  readonly forbid: readonly string[];
  readonly except?: readonly string[];
  readonly allowTypeImports?: boolean;
  readonly message: string;
}
export declare function sharedOrderBoundaries(): Boundary[];
export declare const layersPlugin: { readonly rules: Record<string, unknown> };
