/** Ciphertext of a sensitive field (sealed by the services). The domain decides on flags and enums, never on these. */
export type Sealed = string & { readonly __sealed: unique symbol };
