/* reportnum.h — how report figures become JSON numbers, in one place: money in whole kronor,
 * percentages with one decimal, hours and means with two (docs/report-format.md). */
#ifndef INSATS_REPORTNUM_H
#define INSATS_REPORTNUM_H

#include <jansson.h>
#include <math.h>
#include <stdint.h>

/* Öre → whole kronor, half away from zero. */
static inline json_t *reportnum_kronor(int64_t ore)
{
    int64_t kr = ore >= 0 ? (ore + 50) / 100 : -((-ore + 50) / 100);
    return json_integer(kr);
}

/* Hundredths of an hour → hours as a number with up to two decimals. */
static inline json_t *reportnum_hours(int64_t hundredths)
{
    if (hundredths % 100 == 0)
        return json_integer(hundredths / 100);
    return json_real((double)hundredths / 100.0);
}

/* A share as a percentage with one decimal; NULL-safe callers pass NAN for "no value". */
static inline json_t *reportnum_percent(double percent)
{
    if (isnan(percent))
        return json_null();
    return json_real(round(percent * 10.0) / 10.0);
}

/* part / whole × 100 with one decimal, or null when whole is 0. */
static inline json_t *reportnum_share(int64_t part, int64_t whole)
{
    if (whole == 0)
        return json_null();
    return reportnum_percent(100.0 * (double)part / (double)whole);
}

/* A mean with two decimals, or null for NAN. */
static inline json_t *reportnum_mean(double mean)
{
    if (isnan(mean))
        return json_null();
    return json_real(round(mean * 100.0) / 100.0);
}

#endif
