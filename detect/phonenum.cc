// phonenum.cc — the C++ shim between the phone detector and libphonenumber.
//
// The only C++ in piimap: it turns one candidate (digits, a '+' or a region)
// into "valid or not", its region and its E.164 form, with
// PhoneNumberUtil::Parse, IsValidNumber and Format. It is called on
// candidates only (phone.c's C checks come first), so its allocations (a
// std::string and a PhoneNumber per call) are per candidate, never per byte.
//
// Thread safety: PhoneNumberUtil::GetInstance() creates the singleton under
// pthread_once (Debian builds libphonenumber with POSIX threads); Parse,
// IsValidNumber, GetNumberType, Format, GetRegionCodeForNumber and GetNddPrefixForRegion are
// const, and the regular-expression cache they share takes a mutex. Our own
// once-only setup (silencing the logger) runs under std::call_once.
//
// Must never: let an exception cross into C (every entry point catches all),
// print or log a number (libphonenumber's logger is replaced by its
// NullLogger), or keep a number after returning.
#include "detect/phonenum.h"

#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::NullLogger;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

std::once_flag util_once;

const PhoneNumberUtil *util()
{
    std::call_once(util_once, [] {
        // SetLogger takes ownership; a NullLogger, so that no parse ever
        // writes (part of) a number to stdout.
        PhoneNumberUtil::GetInstance()->SetLogger(new NullLogger());
    });
    return PhoneNumberUtil::GetInstance();
}

int check(const char *num, size_t n, const char *region, int national_trunk,
          struct pm_phonenum *out)
{
    const PhoneNumberUtil *u = util();
    const bool intl = n > 0 && num[0] == '+';
    const std::string reg = intl || !region ? std::string("ZZ") : std::string(region, 2);
    if (!intl && reg == "ZZ")
        return 0; // a national number needs its region
    if (!intl && national_trunk && !u->IsNANPACountry(reg)) {
        std::string ndd;
        u->GetNddPrefixForRegion(reg, true, &ndd);
        if (!ndd.empty() && (n < ndd.size() || std::memcmp(num, ndd.data(), ndd.size()) != 0))
            return 0;
    }
    PhoneNumber pn;
    if (u->Parse(std::string(num, n), reg, &pn) != PhoneNumberUtil::NO_PARSING_ERROR)
        return 0;
    if (pn.has_extension() || !u->IsValidNumber(pn))
        return 0;
    std::string e164, where;
    u->Format(pn, PhoneNumberUtil::E164, &e164);
    u->GetRegionCodeForNumber(pn, &where);
    if (e164.size() >= sizeof out->e164 || where.size() >= sizeof out->region)
        return 0;
    std::memcpy(out->e164, e164.c_str(), e164.size() + 1);
    std::memcpy(out->region, where.c_str(), where.size() + 1);
    const PhoneNumberUtil::PhoneNumberType t = u->GetNumberType(pn);
    out->mobile = t == PhoneNumberUtil::MOBILE || t == PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
    return 1;
}

} // namespace

extern "C" int pm_phonenum_check(const char *num, size_t n, const char *region,
                                 int national_trunk, struct pm_phonenum *out)
{
    try {
        return check(num, n, region, national_trunk, out);
    } catch (...) {
        return -1;
    }
}

extern "C" int pm_phonenum_region_info(const char *region, char code[4], char trunk[4],
                                       int *nanpa, unsigned long *lengths)
{
    try {
        if (!region || std::strlen(region) != 2)
            return -1;
        const PhoneNumberUtil *u = util();
        const std::string r(region);
        const int cc = u->GetCountryCodeForRegion(r);
        if (cc <= 0 || cc > 999)
            return -1;
        std::snprintf(code, 4, "%d", cc);
        *nanpa = u->IsNANPACountry(r);
        std::string ndd;
        if (!*nanpa)
            u->GetNddPrefixForRegion(r, true, &ndd);
        if (ndd.size() > 3)
            ndd.clear(); // not a plain prefix: the shim checks it, C does not
        std::memcpy(trunk, ndd.c_str(), ndd.size() + 1);
        // Which national lengths are possible: the metadata's possible
        // lengths, read through IsPossibleNumberWithReason (a length test).
        *lengths = 0;
        unsigned long long nsn = 2;
        for (int len = 1; len <= 17; len++, nsn *= 10) {
            PhoneNumber pn;
            pn.set_country_code(cc);
            pn.set_national_number(nsn);
            const PhoneNumberUtil::ValidationResult v = u->IsPossibleNumberWithReason(pn);
            if (v == PhoneNumberUtil::IS_POSSIBLE || v == PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY)
                *lengths |= 1ul << len;
        }
        return 0;
    } catch (...) {
        return -1;
    }
}
