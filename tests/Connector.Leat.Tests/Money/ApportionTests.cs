using Connector.Leat.Money;

namespace Connector.Leat.Tests.Money;

/// <summary>
/// Examples plus seeded randomised properties (FsCheck.Xunit is not on the package mirror; fixed seeds keep the
/// runs reproducible: a failure message names the seed and the inputs).
/// </summary>
public sealed class ApportionTests
{
    [Fact]
    public void LargestRemainder_splits_exactly_and_gives_leftovers_to_largest_remainders()
    {
        Assert.Equal([34, 33, 33], Apportion.LargestRemainder(100, [1, 1, 1]));
        Assert.Equal([1, 0, 0], Apportion.LargestRemainder(1, [1, 1, 1]));
        Assert.Equal([67, 33], Apportion.LargestRemainder(100, [2, 1]));
        Assert.Equal([3, 7], Apportion.LargestRemainder(10, [25, 75]));
        Assert.Equal([-34, -33, -33], Apportion.LargestRemainder(-100, [1, 1, 1]));
        Assert.Equal([0, 100, 0], Apportion.LargestRemainder(100, [0, 5, 0]));
    }

    [Fact]
    public void LargestRemainder_rejects_all_zero_weights_for_a_non_zero_total()
    {
        Assert.Throws<ArgumentException>(() => Apportion.LargestRemainder(5, [0, 0]));
        Assert.Equal([0, 0], Apportion.LargestRemainder(0, [0, 0]));
    }

    [Fact]
    public void LargestRemainderCapped_moves_what_a_capped_part_cannot_take_to_the_others()
    {
        Assert.Equal([10, 45, 45], Apportion.LargestRemainderCapped(100, [1, 1, 1], [10, 100, 100]));
        Assert.Equal([50, 50], Apportion.LargestRemainderCapped(100, [0, 0], [50, 50]));
        Assert.Equal([30, 70], Apportion.LargestRemainderCapped(100, [1, 0], [30, 70]));
    }

    [Fact]
    public void LargestRemainderCapped_rejects_a_total_above_the_sum_of_caps()
    {
        var error = Assert.Throws<ArgumentException>(() => Apportion.LargestRemainderCapped(101, [1, 1], [50, 50]));
        Assert.StartsWith("Cannot split 101 within caps that sum to 100.", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LargestRemainder_parts_always_sum_to_total_and_stay_within_one_of_the_exact_share(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 2000; run++)
        {
            var weights = RandomLongs(random, random.Next(1, 12), 1_000_000);
            if (weights.All(w => w == 0))
            {
                weights[0] = 1;
            }

            var total = random.NextInt64(-10_000_000, 10_000_000);
            var parts = Apportion.LargestRemainder(total, weights);

            var inputs = $"seed {seed} run {run}: total {total}, weights [{string.Join(",", weights)}], parts [{string.Join(",", parts)}]";
            Assert.True(parts.Sum() == total, inputs);
            var weightSum = (decimal)weights.Sum();
            for (var i = 0; i < parts.Length; i++)
            {
                var exact = total * weights[i] / weightSum;
                Assert.True(Math.Abs(parts[i] - exact) < 1m, inputs);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LargestRemainderCapped_parts_sum_to_total_and_never_exceed_caps(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 2000; run++)
        {
            var count = random.Next(1, 10);
            var weights = RandomLongs(random, count, 10_000);
            var caps = RandomLongs(random, count, 50_000);
            var total = random.NextInt64(0, caps.Sum() + 1);
            var parts = Apportion.LargestRemainderCapped(total, weights, caps);

            var inputs = $"seed {seed} run {run}: total {total}, weights [{string.Join(",", weights)}], caps [{string.Join(",", caps)}], parts [{string.Join(",", parts)}]";
            Assert.True(parts.Sum() == total, inputs);
            for (var i = 0; i < count; i++)
            {
                Assert.True(parts[i] >= 0 && parts[i] <= caps[i], inputs);
            }
        }
    }

    [Fact]
    public void LargestRemainder_is_deterministic_for_equal_remainders()
    {
        Assert.Equal(Apportion.LargestRemainder(2, [1, 1, 1, 1]), Apportion.LargestRemainder(2, [1, 1, 1, 1]));
        Assert.Equal([1, 1, 0, 0], Apportion.LargestRemainder(2, [1, 1, 1, 1]));
    }

    private static long[] RandomLongs(Random random, int count, long max)
    {
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            // A third zeros: zero weights and caps are the edge cases that matter.
            values[i] = random.Next(3) == 0 ? 0 : random.NextInt64(1, max);
        }

        return values;
    }
}
