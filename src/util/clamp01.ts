/** `value` held to [0, 1]: normalized image coordinates. */
export const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));
