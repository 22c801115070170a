/* What the ABI probes share (see tests/NeckCare.Device.TestSupport/AbiProbe.cs): V(name, expression)
   prints "name value" when the probe is built and run natively, and becomes a _Static_assert against
   EXPECT_<name> (a generated header of the C# values) when built with -DASSERT_AGAINST_EXPECTED, for
   every architecture a compiler is given for. A probe is BEGIN, a list of V(...), END. */
#include <stdio.h>

#ifdef ASSERT_AGAINST_EXPECTED
#define V(name, expr) _Static_assert((unsigned long long)(expr) == (unsigned long long)EXPECT_##name, #name " differs from the C# value");
#define BEGIN
#define END
#else
#define V(name, expr) printf("%s %llu\n", #name, (unsigned long long)(expr));
#define BEGIN int main(void) {
#define END return 0; }
#endif
