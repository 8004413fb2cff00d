// Myerson's virtual value for U[0,1] bidders: φ(v) = v − (1 − v)/1 = 2v − 1.
// The item goes to the highest positive virtual value: second price with reserve 1/2.
function priority(bid, bidder, n) {
  return 2 * bid - 1;
}
