using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Gpio;
using NeckCare.Device.TestSupport.Gpio;

namespace NeckCare.Device.Gpio.Tests;

/// <summary>The GPIO backend against the simulated Pi tree (fake chip behind the ioctl seam, real files for PWM and IIO).</summary>
public class GpioBackendContractTests : MassagerDeviceContract
{
    protected override Task<IContractSubject> CreateAsync() => Task.FromResult<IContractSubject>(new TreeSubject());

    private sealed class TreeSubject : IContractSubject
    {
        private readonly ManualTimeProvider _time = new();
        private readonly SimulatedGpioTree _tree;
        private readonly GpioMassager _device;

        public TreeSubject()
        {
            _tree = new SimulatedGpioTree(_time);
            _device = new GpioMassager(_tree.Options, _tree.Kernel, 45, _time);
            _tree.FaultSource = () => _device.Read().Faults;
        }

        public ISimulatedMassager Hardware => _tree;

        public IMassagerDevice Device => _device;

        public double PhysicalMotor => _tree.MotorCommand;

        public double PhysicalHeater => _tree.HeaterCommand;

        public Task RunAsync(TimeSpan span)
        {
            for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(10))
            {
                _time.Advance(TimeSpan.FromMilliseconds(10));
            }

            return Task.CompletedTask;
        }

        public Task BreakLinkAsync()
        {
            _tree.Kernel.RemoveChip(_tree.ChipPath);
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            await _device.DisposeAsync();
            _tree.Dispose();
        }
    }
}
