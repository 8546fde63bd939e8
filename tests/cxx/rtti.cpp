// RTTI: typeid (names are Itanium-mangled under both libraries), dynamic_cast up, down and across
// (multiple and virtual inheritance), bad_cast and bad_typeid, catching by base class.
#include <cstdio>
#include <cstring>
#include <memory>
#include <typeinfo>
#include <typeindex>
#include <map>
#include <string>
#include <vector>

struct Base { virtual ~Base() = default; virtual const char* who() const { return "Base"; } };
struct Left : virtual Base { const char* who() const override { return "Left"; } };
struct Right : virtual Base { const char* who() const override { return "Right"; } };
struct Diamond : Left, Right { const char* who() const override { return "Diamond"; } };
struct Other { virtual ~Other() = default; };
struct Multi : Base, Other {};
struct Plain { int x; };
template <typename T> struct Box { T value; };
namespace ns { struct Inner { virtual void f() {} }; }

int main() {
    std::printf("names:\n");
    std::printf("%s %s %s %s\n", typeid(int).name(), typeid(double).name(), typeid(char*).name(), typeid(Plain).name());
    std::printf("%s %s %s\n", typeid(Box<int>).name(), typeid(ns::Inner).name(), typeid(const Diamond*).name());
    std::printf("%s\n", typeid(void (*)(int, long)).name());

    std::printf("dynamic types:\n");
    std::vector<std::unique_ptr<Base>> objs;
    objs.emplace_back(new Base);
    objs.emplace_back(new Left);
    objs.emplace_back(new Right);
    objs.emplace_back(new Diamond);
    objs.emplace_back(new Multi);
    for (auto& o : objs) {
        Base& ref = *o;
        std::printf("%s: typeid %s, Left* %s, Right* %s, Diamond* %s, Other* %s\n", o->who(), typeid(ref).name(),
                    dynamic_cast<Left*>(o.get()) ? "yes" : "no", dynamic_cast<Right*>(o.get()) ? "yes" : "no",
                    dynamic_cast<Diamond*>(o.get()) ? "yes" : "no", dynamic_cast<Other*>(o.get()) ? "yes" : "no");
    }
    Diamond d;
    Left* l = &d;
    Right* r = dynamic_cast<Right*>(l);  // cross cast
    std::printf("cross cast %s, same object %d\n", r ? r->who() : "null", dynamic_cast<void*>(r) == static_cast<void*>(&d));
    Multi m;
    Other* other = &m;
    Base* back = dynamic_cast<Base*>(other);
    std::printf("Other -> Base %s\n", back ? back->who() : "null");

    std::printf("bad_cast and bad_typeid:\n");
    Base plain_base;
    try {
        Left& lref = dynamic_cast<Left&>(plain_base);
        std::printf("unexpected %s\n", lref.who());
    } catch (const std::bad_cast&) {
        std::printf("bad_cast\n");
    }
    Base* null_base = nullptr;
    try {
        std::printf("unexpected %s\n", typeid(*null_base).name());
    } catch (const std::bad_typeid&) {
        std::printf("bad_typeid\n");
    }

    std::printf("type_index:\n");
    std::map<std::type_index, std::string> names{{typeid(int), "int"}, {typeid(Base), "Base"}, {typeid(Diamond), "Diamond"}};
    std::printf("%s %s %s\n", names[typeid(int)].c_str(), names[typeid(*objs[3])].c_str(), names[typeid(Base)].c_str());
    std::printf("before: %d\n", typeid(int).before(typeid(int)));
    std::printf("equal: %d %d\n", typeid(Left) == typeid(*objs[1]), typeid(Left) == typeid(Right));

    std::printf("catch by base:\n");
    try {
        throw Diamond();
    } catch (const Right& e) {
        std::printf("caught as Right: %s\n", e.who());
    }
    try {
        throw Multi();
    } catch (const Other& e) {
        std::printf("caught as Other: %s\n", typeid(e).name());
    }
    try {
        throw &d;
    } catch (Base* p) {
        std::printf("caught pointer as Base*: %s\n", p->who());
    }
    return 0;
}
