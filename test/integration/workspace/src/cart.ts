export function cartTotal(prices: number[]): number {
  let total = 0;
  for (const price of prices) total += price;
  return total;
}

export function describeCart(prices: number[]): string {
  return `${prices.length} items, ${cartTotal(prices)} in all`;
}
