// Time <-> pixel mapping and adaptive ticks of the timeline.
#include "TimeAxis.hpp"

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

TimeAxis::TimeAxis(double t0, double t1, double x0, double width)
    : t0_(t0), t1_(std::max(t0, t1)), x0_(x0), width_(std::max(0.0, width)) {
    const double span = t1_ - t0_;
    scale_ = span > 0 && std::isfinite(span) ? width_ / span : 0;
}

double TimeAxis::xOf(double t) const {
    if (!(t > t0_)) // also NaN
        return x0_;
    if (t >= t1_)
        return x0_ + (scale_ > 0 ? width_ : 0);
    return x0_ + (t - t0_) * scale_;
}

double TimeAxis::timeAt(double x) const {
    if (scale_ <= 0 || !(x > x0_))
        return t0_;
    if (x >= x0_ + width_)
        return t1_;
    return t0_ + (x - x0_) / scale_;
}

void TimeAxis::stepParts(double minSpacing, int& mantissa, int& exponent) const {
    // Seconds per minSpacing pixels is the smallest step allowed; round it up to 1/2/5.
    const double minStep = scale_ > 0 ? std::max(minSpacing, 1.0) / scale_ : t1_ - t0_;
    exponent = minStep > 0 ? int(std::floor(std::log10(minStep))) : 0;
    for (;; ++exponent) {
        for (int m : {1, 2, 5}) {
            // Compare with a relative tolerance: 0.5 s at exactly 80 px must be accepted.
            if (m * std::pow(10.0, exponent) >= minStep * (1 - 1e-9)) {
                mantissa = m;
                return;
            }
        }
    }
}

double TimeAxis::tickStep(double minSpacing) const {
    int m = 1, e = 0;
    stepParts(minSpacing, m, e);
    return m * std::pow(10.0, e);
}

std::vector<Tick> TimeAxis::ticks(double minSpacing) const {
    std::vector<Tick> out;
    if (scale_ <= 0) {
        out.push_back({t0_, x0_, QString::number(t0_, 'g', 12) + QStringLiteral(" s")});
        return out;
    }
    int m = 1, e = 0;
    stepParts(minSpacing, m, e);
    const double step = m * std::pow(10.0, e);
    const long long first = (long long)std::ceil(t0_ / step - 1e-9);
    const long long last = (long long)std::floor(t1_ / step + 1e-9);
    for (long long n = first; n <= last; ++n) {
        const double t = double(n) * step;
        out.push_back({t, xOf(t), label(n, m, e)});
    }
    return out;
}

QString TimeAxis::label(long long n, int mantissa, int exponent) {
    long long units = n * mantissa; // the value is units * 10^exponent
    const bool negative = units < 0;
    QString digits = QString::number(negative ? -units : units);
    if (exponent >= 0) {
        if (units != 0)
            digits += QString(exponent, QLatin1Char('0'));
    } else {
        const int decimals = -exponent;
        if (digits.size() <= decimals)
            digits = QString(decimals - digits.size() + 1, QLatin1Char('0')) + digits;
        digits.insert(digits.size() - decimals, QLatin1Char('.'));
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        if (digits.endsWith(QLatin1Char('.')))
            digits.chop(1);
    }
    return (negative && units != 0 ? QStringLiteral("-") : QString()) + digits +
           QStringLiteral(" s");
}

} // namespace loopscope::ui
