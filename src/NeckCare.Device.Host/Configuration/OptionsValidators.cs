using Microsoft.Extensions.Options;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Safety;
using SessionOptions = NeckCare.Device.Core.Sessions.SessionOptions;

namespace NeckCare.Device.Host.Configuration;

// Validators generated from each options type's attributes (ranges, required, the token rules): the
// same checks DataAnnotations made by reflection, as code, so they run in the Native AOT build.
[OptionsValidator] internal sealed partial class SessionOptionsValidator : IValidateOptions<SessionOptions>;
[OptionsValidator] internal sealed partial class HeatOptionsValidator : IValidateOptions<HeatOptions>;
[OptionsValidator] internal sealed partial class SafetyOptionsValidator : IValidateOptions<SafetyOptions>;
[OptionsValidator] internal sealed partial class ControlOptionsValidator : IValidateOptions<ControlOptions>;
[OptionsValidator] internal sealed partial class HardwareOptionsValidator : IValidateOptions<HardwareOptions>;
[OptionsValidator] internal sealed partial class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>;
[OptionsValidator] internal sealed partial class SerialOptionsValidator : IValidateOptions<NeckCare.Device.Serial.SerialOptions>;
[OptionsValidator] internal sealed partial class GpioOptionsValidator : IValidateOptions<NeckCare.Device.Gpio.GpioOptions>;
[OptionsValidator] internal sealed partial class HistoryOptionsValidator : IValidateOptions<History.HistoryOptions>;
[OptionsValidator] internal sealed partial class AccessOptionsValidator : IValidateOptions<Access.AccessOptions>;
[OptionsValidator] internal sealed partial class MqttOptionsAttributesValidator : IValidateOptions<Mqtt.MqttOptions>;
