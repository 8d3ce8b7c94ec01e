namespace Connector.Leat.Money;

/// <summary>
/// Splits an amount over parts in proportion to weights so that the parts sum to the amount exactly (Hamilton's
/// largest-remainder method). Used to spread a discount or an amount-only refund over lines without losing a cent.
/// </summary>
public static class Apportion
{
    /// <summary>
    /// Each part gets ⌊total × weight / Σweights⌋; the cents left over go one each to the parts with the largest
    /// remainders, ties to the lower index, so the result is deterministic. A negative total is split as its absolute
    /// value and negated.
    /// </summary>
    /// <exception cref="ArgumentException">A negative weight, or all weights zero while the total is not.</exception>
    public static long[] LargestRemainder(long total, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var parts = new long[weights.Count];
        Int128 weightSum = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] < 0)
            {
                throw new ArgumentException($"Weight {i} is negative ({weights[i]}).", nameof(weights));
            }

            weightSum += weights[i];
        }

        if (total == 0)
        {
            return parts;
        }

        if (weightSum == 0)
        {
            throw new ArgumentException($"Cannot split {total} over {weights.Count} parts whose weights are all zero.", nameof(weights));
        }

        var negative = total < 0;
        var amount = negative ? -(Int128)total : total;
        var remainders = new Int128[weights.Count];
        Int128 assigned = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var product = amount * weights[i];
            var share = product / weightSum;
            remainders[i] = product % weightSum;
            parts[i] = (long)share;
            assigned += share;
        }

        var leftover = (int)(amount - assigned);
        if (leftover > 0)
        {
            var order = Enumerable.Range(0, weights.Count)
                .OrderByDescending(i => remainders[i])
                .ThenBy(i => i);
            foreach (var index in order.Take(leftover))
            {
                parts[index]++;
            }
        }

        if (negative)
        {
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = -parts[i];
            }
        }

        return parts;
    }

    /// <summary>
    /// Like <see cref="LargestRemainder"/>, but no part exceeds its cap (e.g. what is left to refund on a line). Parts
    /// that would exceed their cap are fixed at it and the rest is split again over the others, until all fit.
    /// Parts whose weights are all zero share what remains in proportion to their caps.
    /// </summary>
    /// <exception cref="ArgumentException">Negative total or cap, mismatched lengths, or total greater than Σcaps.</exception>
    public static long[] LargestRemainderCapped(long total, IReadOnlyList<long> weights, IReadOnlyList<long> caps)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(caps);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (weights.Count != caps.Count)
        {
            throw new ArgumentException($"{weights.Count} weights but {caps.Count} caps.", nameof(caps));
        }

        Int128 capSum = 0;
        for (var i = 0; i < caps.Count; i++)
        {
            if (caps[i] < 0)
            {
                throw new ArgumentException($"Cap {i} is negative ({caps[i]}).", nameof(caps));
            }

            capSum += caps[i];
        }

        if (total > capSum)
        {
            throw new ArgumentException($"Cannot split {total} within caps that sum to {capSum}.", nameof(total));
        }

        var parts = new long[weights.Count];
        var open = Enumerable.Range(0, weights.Count).Where(i => caps[i] > 0).ToList();
        var remaining = total;
        while (remaining > 0)
        {
            var openWeights = open.Select(i => weights[i]).ToList();
            if (openWeights.All(w => w == 0))
            {
                openWeights = open.Select(i => caps[i]).ToList();
            }

            var split = LargestRemainder(remaining, openWeights);
            var overflowing = open.Where((index, k) => split[k] > caps[index]).ToList();
            if (overflowing.Count == 0)
            {
                for (var k = 0; k < open.Count; k++)
                {
                    parts[open[k]] = split[k];
                }

                break;
            }

            // Fix every part that overflows at its cap and split what is left again over the others; each round
            // closes at least one part, so this ends after at most weights.Count rounds.
            foreach (var index in overflowing)
            {
                parts[index] = caps[index];
                remaining -= caps[index];
                open.Remove(index);
            }
        }

        return parts;
    }
}
