#include "citytwin/data/sensors/IsoTime.h"

#include <cstdio>

namespace citytwin::data {
namespace {

/// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + int64_t(doe) - 719468;
}

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

/// A cursor over ASCII text; digits are read without locale.
struct Cursor {
    std::string_view s;
    size_t i = 0;
    bool done() const { return i >= s.size(); }
    char peek() const { return done() ? '\0' : s[i]; }
    bool accept(char c) {
        if (peek() != c) return false;
        ++i;
        return true;
    }
    bool digits(int count, int& out) {
        out = 0;
        for (int k = 0; k < count; ++k) {
            const char c = peek();
            if (c < '0' || c > '9') return false;
            out = out * 10 + (c - '0');
            ++i;
        }
        return true;
    }
};

bool parseOffset(Cursor& c, int& offsetMinutes) {
    offsetMinutes = 0;
    if (c.done()) return true; // no offset: UTC
    if (c.accept('Z') || c.accept('z')) return c.done();
    const char sign = c.peek();
    if (sign != '+' && sign != '-') return false;
    ++c.i;
    int hh = 0, mm = 0;
    if (!c.digits(2, hh)) return false;
    if (!c.done()) {
        c.accept(':');
        if (!c.digits(2, mm)) return false;
    }
    if (!c.done() || hh > 23 || mm > 59) return false;
    offsetMinutes = (hh * 60 + mm) * (sign == '-' ? -1 : 1);
    return true;
}

} // namespace

std::optional<int64_t> parseIsoTimeMs(std::string_view text) {
    Cursor c{text};
    int year = 0, month = 0, day = 0;
    if (!c.digits(4, year)) return std::nullopt;
    const bool extended = c.accept('-');
    if (!c.digits(2, month)) return std::nullopt;
    if (extended && !c.accept('-')) return std::nullopt;
    if (!c.digits(2, day)) return std::nullopt;
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return std::nullopt;

    int hour = 0, minute = 0, second = 0, millis = 0, offsetMinutes = 0;
    if (!c.done()) {
        if (!(c.accept('T') || c.accept('t') || c.accept(' '))) return std::nullopt;
        if (!c.digits(2, hour)) return std::nullopt;
        if (extended && !c.accept(':')) return std::nullopt;
        if (!c.digits(2, minute)) return std::nullopt;
        const bool hasSeconds = extended ? c.accept(':') : (c.peek() >= '0' && c.peek() <= '9');
        if (hasSeconds) {
            if (!c.digits(2, second)) return std::nullopt;
            if (c.accept('.') || c.accept(',')) {
                int scale = 100, digitsRead = 0;
                while (c.peek() >= '0' && c.peek() <= '9') {
                    millis += (c.peek() - '0') * scale;
                    scale /= 10;
                    ++c.i;
                    ++digitsRead;
                }
                if (digitsRead == 0) return std::nullopt;
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
        if (!parseOffset(c, offsetMinutes)) return std::nullopt;
    }
    const int64_t days = daysFromCivil(year, unsigned(month), unsigned(day));
    const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - int64_t(offsetMinutes) * 60;
    if (seconds < 0) return std::nullopt;
    return seconds * 1000 + millis;
}

std::string formatIsoTimeMs(int64_t timeMs) {
    int64_t days = timeMs >= 0 ? timeMs / 86'400'000 : (timeMs - 86'399'999) / 86'400'000;
    int64_t msOfDay = timeMs - days * 86'400'000;
    // civil_from_days (H. Hinnant)
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = int64_t(yoe) + era * 400 + (m <= 2);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
                  int(msOfDay / 3'600'000), int(msOfDay / 60'000 % 60), int(msOfDay / 1000 % 60),
                  int(msOfDay % 1000));
    return buf;
}

} // namespace citytwin::data
