// A deliberately bad priority: it prefers middling bids, so a high bidder can
// gain by shading its bid. The monotone-envelope fix repairs it.
function priority(bid, bidder, n) {
  return Math.sin(6 * bid);
}
