// The timeline's horizontal scale: virtual time <-> x pixel for a visible range, and the
// ticks of the axis. Pure maths, no painter, so the widget, the exporters and the tests
// share one definition of "where is t".
#pragma once

#include <QString>

#include <vector>

namespace loopscope::ui {

/// One labelled tick of the time axis.
struct Tick {
    double time = 0;
    double x = 0;
    QString label; ///< "0 s", "0.5 s", "1.25 s": exact decimals, no float noise
};

/// Maps the visible range [t0, t1] onto the pixels [x0, x0 + width]. Outside the range
/// both directions clamp. A zero-length (or reversed) range maps every time to x0 and
/// every x to t0, so callers never divide by zero.
class TimeAxis {
public:
    TimeAxis() = default;
    TimeAxis(double t0, double t1, double x0, double width);

    double t0() const { return t0_; }
    double t1() const { return t1_; }
    double x0() const { return x0_; }
    double width() const { return width_; }
    /// Pixels per second; 0 for a zero-length range.
    double scale() const { return scale_; }

    /// The x of time t, clamped to [x0, x0 + width].
    double xOf(double t) const;
    /// The time at pixel x, clamped to [t0, t1].
    double timeAt(double x) const;

    /// Ticks at multiples of tickStep(), from the first multiple >= t0 to t1.
    std::vector<Tick> ticks(double minSpacing = 80) const;
    /// The smallest step of the form {1, 2, 5} x 10^k seconds whose ticks are at least
    /// `minSpacing` pixels apart; the whole range for a zero-length range.
    double tickStep(double minSpacing = 80) const;

    /// Formats n * mantissa * 10^exponent seconds exactly, trailing zeros dropped:
    /// (25, 5, -2) -> "1.25 s". Integer arithmetic, so 0.1 + 0.2 never shows up.
    static QString label(long long n, int mantissa, int exponent);

private:
    /// The step as mantissa (1, 2 or 5) and power of ten.
    void stepParts(double minSpacing, int& mantissa, int& exponent) const;

    double t0_ = 0;
    double t1_ = 0;
    double x0_ = 0;
    double width_ = 0;
    double scale_ = 0;
};

} // namespace loopscope::ui
