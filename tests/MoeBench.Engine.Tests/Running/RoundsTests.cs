using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Running;
using MoeBench.Engine.Tests.Measurement;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Running;

/// <summary>Cases measured in rounds spread over the run: one validation, pooled samples, one stored result.</summary>
public sealed class RoundsTests
{
    private static readonly EngineSettings Settings = EngineSettings.Default with
    {
        WarmupTime = TimeSpan.FromMilliseconds(1),
        TargetSampleTime = TimeSpan.FromMilliseconds(1),
        MinSamples = 6,
        MaxSamples = 60,
        MinTime = TimeSpan.FromMilliseconds(30),
        MaxTime = TimeSpan.FromMilliseconds(300),
        Rounds = 3,
    };

    private static PlannedMeasurement Plan(long m) =>
        new(new CaseSpec(CaseLevel.Kernel, "gemm", new CaseParams([new("m", m), new("n", 1L), new("k", 1L)])), "fake");

    [Fact]
    public void Per_round_budgets_divide_time_and_samples()
    {
        var round = Settings.PerRound();

        Assert.Equal(2, round.MinSamples);
        Assert.Equal(20, round.MaxSamples);
        Assert.Equal(TimeSpan.FromMilliseconds(10), round.MinTime);
        Assert.Equal(TimeSpan.FromMilliseconds(100), round.MaxTime);
        Assert.Same(EngineSettings.Default, EngineSettings.Default.PerRound());
    }

    [Fact]
    public void The_first_round_measures_in_the_suites_order_and_each_later_round_in_its_own_reproducible_order()
    {
        List<long> Order()
        {
            var clock = new FakeClock();
            var catalog = new WorkloadCatalog([new FakeFactory(() => new FakeWorkload(clock, TimeSpan.FromMicroseconds(50), new ValidationResult(true, 1e-7, null)))]);
            var runner = new SuiteRunner(new DeviceRegistry([new FakeBackend()]), new CaseMeasurer(Settings.PerRound(), catalog, clock));
            var stored = new List<CaseResult>();
            runner.Run([.. Enumerable.Range(1, 8).Select(m => Plan(m))], Settings.Rounds, stored.Add, _ => { }, CancellationToken.None);
            return [.. stored.Select(r => Convert.ToInt64(r.Case.Params["m"], System.Globalization.CultureInfo.InvariantCulture))];
        }

        var order = Order();
        var plan = Enumerable.Range(1, 8).Select(m => (long)m).ToList();

        Assert.Equal(plan, order.Take(8));
        Assert.Equal(plan, order.Skip(8).Take(8).Order());
        Assert.Equal(plan, order.Skip(16).Take(8).Order());
        Assert.NotEqual(plan, order.Skip(8).Take(8));
        Assert.NotEqual(order.Skip(8).Take(8), order.Skip(16).Take(8));
        Assert.Equal(order, Order());
    }

    [Fact]
    public void Each_case_is_measured_on_all_its_devices_in_turn_and_a_later_round_starts_it_on_another()
    {
        var clock = new FakeClock();
        var catalog = new WorkloadCatalog([new FakeFactory(() => new FakeWorkload(clock, TimeSpan.FromMicroseconds(50), new ValidationResult(true, 1e-7, null)))]);
        var backend = new TwoDevices();
        var runner = new SuiteRunner(new DeviceRegistry([backend]), new CaseMeasurer(Settings.PerRound(), catalog, clock));
        var stored = new List<CaseResult>();
        PlannedMeasurement[] plan = [.. Enumerable.Range(1, 4).SelectMany(m => new[] { Plan(m) with { DeviceId = "a" }, Plan(m) with { DeviceId = "b" } })];

        runner.Run(plan, Settings.Rounds, stored.Add, _ => { }, CancellationToken.None);

        var order = stored.Select(r => (M: Convert.ToInt64(r.Case.Params["m"], System.Globalization.CultureInfo.InvariantCulture), r.Device.Id)).ToList();
        Assert.Equal(plan.Select(p => (Convert.ToInt64(p.Spec.Params["m"], System.Globalization.CultureInfo.InvariantCulture), p.DeviceId)), order.Take(8));
        foreach (var (round, firstDevice) in new[] { (1, "b"), (2, "a") })
        {
            var pairs = order.Skip(8 * round).Take(8).Chunk(2).ToList();
            Assert.All(pairs, pair => Assert.Equal((pair[0].M, firstDevice), (pair[1].M, pair[0].Id))); // one case, its devices side by side
            Assert.All(pairs, pair => Assert.NotEqual(pair[0].Id, pair[1].Id));
        }

        Assert.Equal(6, backend.Opens); // both devices, once a round
    }

    [Fact]
    public void Each_case_is_validated_once_and_stored_after_every_round_with_the_samples_of_the_rounds_so_far()
    {
        var clock = new FakeClock();
        var workloads = new List<FakeWorkload>();
        var catalog = new WorkloadCatalog([new FakeFactory(() =>
        {
            var w = new FakeWorkload(clock, TimeSpan.FromMicroseconds(100), new ValidationResult(true, 1e-7, null));
            workloads.Add(w);
            return w;
        })]);
        var runner = new SuiteRunner(new DeviceRegistry([new FakeBackend()]), new CaseMeasurer(Settings.PerRound(), catalog, clock));
        var stored = new List<CaseResult>();
        var progress = new List<RunProgress>();

        runner.Run([Plan(1), Plan(2)], Settings.Rounds, stored.Add, progress.Add, CancellationToken.None);

        Assert.Equal(6, workloads.Count); // 2 cases × 3 rounds
        Assert.Equal(2, workloads.Count(w => w.Validated));
        // Stored after each round (an interrupted run keeps what it measured), each extending the one before.
        Assert.Equal(6, stored.Count);
        Assert.Equal([10, 10, 20, 20, 30, 30], stored.Select(r => r.SamplesNs.Count));
        Assert.All(stored.TakeLast(2), r =>
        {
            Assert.Equal(ResultStatus.Ok, r.Status);
            Assert.Equal(30, r.SamplesNs.Count); // 10 ms per round at 1 ms per sample, three rounds
            Assert.Equal([10, 10, 10], r.RoundSizes);
            Assert.Equal(100_000, r.Statistics!.MedianNs, 1e-3);
        });
        Assert.Equal(6, progress.Max(p => p.Total));
        Assert.Equal(6, progress.Max(p => p.Done));
    }

    [Fact]
    public void A_case_that_fails_validation_is_stored_at_once_and_not_measured_again()
    {
        var clock = new FakeClock();
        var created = 0;
        var catalog = new WorkloadCatalog([new FakeFactory(() =>
        {
            created++;
            return new FakeWorkload(clock, TimeSpan.FromMicroseconds(100), new ValidationResult(false, 0.5, "wrong"));
        })]);
        var runner = new SuiteRunner(new DeviceRegistry([new FakeBackend()]), new CaseMeasurer(Settings.PerRound(), catalog, clock));
        var stored = new List<CaseResult>();

        runner.Run([Plan(1)], Settings.Rounds, stored.Add, _ => { }, CancellationToken.None);

        var failed = Assert.Single(stored);
        Assert.Equal(ResultStatus.Failed, failed.Status);
        Assert.Equal(1, created);
    }

    /// <summary>Devices <c>a</c> and <c>b</c>, idle fakes; counts how often they are opened.</summary>
    private sealed class TwoDevices : IBackend
    {
        public int Opens { get; private set; }

        public string Name => "fake";

        public IReadOnlyList<DeviceEntry> Discover() =>
            [new DeviceEntry("a", "fake", "a", null, () => Open("a")), new DeviceEntry("b", "fake", "b", null, () => Open("b"))];

        private DelegatingIdle Open(string id)
        {
            Opens++;
            return new DelegatingIdle(id);
        }
    }

    private sealed class DelegatingIdle(string id) : DelegatingDevice(new IdleDevice())
    {
        public override DeviceInfo Info => Inner.Info with { Id = id };
    }
}
