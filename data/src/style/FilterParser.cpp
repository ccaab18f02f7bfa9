// Tokeniser and recursive-descent parser of filter expressions.
#include "style/FilterAst.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

namespace citytwin::data::detail {

namespace {

enum class Tok { Ident, QuotedIdent, String, Number, Op, LParen, RParen, Comma, Minus, End };

struct Token {
    Tok kind = Tok::End;
    std::string text;
    size_t offset = 0; ///< byte offset in the source text
};

bool isIdentStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80; // UTF-8 letters
}
bool isIdentChar(char c) {
    return isIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
}
bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

/// Characters (UTF-8 code points) before `offset`, plus one.
size_t columnOf(std::string_view text, size_t offset) {
    size_t column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    return column;
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    /// All tokens, ending with End; false (error set) on a bad character or
    /// an unterminated quote.
    bool run(std::vector<Token>& out, std::string& error) {
        while (true) {
            while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
                ++m_pos;
            Token t;
            t.offset = m_pos;
            if (m_pos >= m_text.size()) {
                out.push_back(t);
                return true;
            }
            if (!next(t, error)) return false;
            out.push_back(std::move(t));
        }
    }

private:
    bool next(Token& t, std::string& error) {
        const char c = m_text[m_pos];
        if (c == '\'' || c == '"') return quoted(t, c, error);
        if (isDigit(c) || (c == '.' && m_pos + 1 < m_text.size() && isDigit(m_text[m_pos + 1])))
            return number(t);
        if (isIdentStart(c)) {
            while (m_pos < m_text.size() && isIdentChar(m_text[m_pos])) ++m_pos;
            t.kind = Tok::Ident;
            t.text = std::string(m_text.substr(t.offset, m_pos - t.offset));
            return true;
        }
        static constexpr std::string_view kTwoCharOps[] = {"<=", ">=", "!=", "<>", "=="};
        for (auto op : kTwoCharOps)
            if (m_text.substr(m_pos, 2) == op) return single(t, Tok::Op, 2);
        switch (c) {
        case '=': case '<': case '>': return single(t, Tok::Op, 1);
        case '(': return single(t, Tok::LParen, 1);
        case ')': return single(t, Tok::RParen, 1);
        case ',': return single(t, Tok::Comma, 1);
        case '-': return single(t, Tok::Minus, 1);
        default: break;
        }
        const size_t end = std::min(m_text.size(), m_pos + 1 + [&] {
            size_t n = 0; // a whole UTF-8 character
            while (m_pos + 1 + n < m_text.size() &&
                   (static_cast<unsigned char>(m_text[m_pos + 1 + n]) & 0xC0) == 0x80)
                ++n;
            return n;
        }());
        error = "column " + std::to_string(columnOf(m_text, m_pos)) + ": unexpected character '" +
                std::string(m_text.substr(m_pos, end - m_pos)) + "'";
        return false;
    }

    bool single(Token& t, Tok kind, size_t length) {
        t.kind = kind;
        t.text = std::string(m_text.substr(m_pos, length));
        m_pos += length;
        return true;
    }

    bool number(Token& t) {
        auto digits = [&] {
            while (m_pos < m_text.size() && isDigit(m_text[m_pos])) ++m_pos;
        };
        digits();
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            digits();
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            size_t p = m_pos + 1;
            if (p < m_text.size() && (m_text[p] == '+' || m_text[p] == '-')) ++p;
            if (p < m_text.size() && isDigit(m_text[p])) {
                m_pos = p;
                digits();
            }
        }
        t.kind = Tok::Number;
        t.text = std::string(m_text.substr(t.offset, m_pos - t.offset));
        return true;
    }

    /// 'text' or "name"; a doubled quote stands for itself.
    bool quoted(Token& t, char quote, std::string& error) {
        ++m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c != quote) {
                t.text += c;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == quote) {
                t.text += quote;
                ++m_pos;
                continue;
            }
            t.kind = quote == '\'' ? Tok::String : Tok::QuotedIdent;
            return true;
        }
        error = "column " + std::to_string(columnOf(m_text, t.offset)) + ": " +
                (quote == '\'' ? "text" : "attribute name") + " starting here has no closing " +
                quote;
        return false;
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

class Parser {
public:
    Parser(std::string_view text, std::vector<Token> tokens, FilterAst& ast)
        : m_text(text), m_tokens(std::move(tokens)), m_ast(ast) {}

    bool run(std::string& error) {
        m_ast.root = parseOr();
        if (m_ast.root >= 0 && peek().kind == Tok::RParen)
            m_error = "column " + std::to_string(columnOf(m_text, peek().offset)) +
                      ": ')' without a matching '('";
        else if (m_ast.root >= 0 && peek().kind != Tok::End)
            fail("expected 'and', 'or' or the end of the filter");
        error = m_error;
        return m_error.empty();
    }

private:
    const Token& peek() const { return m_tokens[m_pos]; }
    bool isKeyword(const char* word) const {
        return peek().kind == Tok::Ident && equalsIgnoreCase(peek().text, word);
    }
    bool acceptKeyword(const char* word) {
        if (!isKeyword(word)) return false;
        ++m_pos;
        return true;
    }
    std::string describe(const Token& t) const {
        switch (t.kind) {
        case Tok::End: return "the end of the filter";
        case Tok::String: return "text '" + t.text + "'";
        case Tok::QuotedIdent: return "\"" + t.text + "\"";
        default: return "'" + t.text + "'";
        }
    }
    /// Records the first error, at the current token; returns -1.
    int fail(const std::string& expected) {
        if (m_error.empty())
            m_error = "column " + std::to_string(columnOf(m_text, peek().offset)) + ": " +
                      expected + ", found " + describe(peek());
        return -1;
    }

    int add(FilterNode node) {
        m_ast.nodes.push_back(std::move(node));
        return static_cast<int>(m_ast.nodes.size() - 1);
    }

    int parseOr() {
        int left = parseAnd();
        while (left >= 0 && acceptKeyword("or")) {
            const int right = parseAnd();
            if (right < 0) return -1;
            left = add({FilterOp::Or, false, left, right, {}});
        }
        return left;
    }
    int parseAnd() {
        int left = parseNot();
        while (left >= 0 && acceptKeyword("and")) {
            const int right = parseNot();
            if (right < 0) return -1;
            left = add({FilterOp::And, false, left, right, {}});
        }
        return left;
    }
    int parseNot() {
        if (acceptKeyword("not")) {
            const int inner = parseNot();
            if (inner < 0) return -1;
            return add({FilterOp::Not, false, inner, -1, {}});
        }
        if (peek().kind == Tok::LParen) {
            ++m_pos;
            const int inner = parseOr();
            if (inner < 0) return -1;
            if (peek().kind != Tok::RParen) return fail("expected ')'");
            ++m_pos;
            return inner;
        }
        return parsePredicate();
    }

    int parsePredicate() {
        const Token& first = peek();
        const int lhs = parseOperand("expected an attribute or a value");
        if (lhs < 0) return -1;
        const std::string after = "after " + describe(first);
        if (peek().kind == Tok::Op) return parseComparison(lhs);
        if (acceptKeyword("is")) {
            const bool negated = acceptKeyword("not");
            if (!acceptKeyword("null")) return fail(negated ? "expected 'null'" : "expected 'null' or 'not null'");
            return add({FilterOp::IsNull, negated, lhs, -1, {}});
        }
        const bool negated = acceptKeyword("not");
        if (isKeyword("like") || isKeyword("ilike")) return parseLike(lhs, negated);
        if (acceptKeyword("in")) return parseIn(lhs, negated);
        if (acceptKeyword("between")) return parseBetween(lhs, negated);
        if (negated) return fail("expected 'like', 'in' or 'between' after 'not'");
        return fail("expected a comparison (=, !=, <, <=, >, >=, like, in, between, is null) " +
                    after);
    }

    int parseComparison(int lhs) {
        const std::string op = peek().text;
        ++m_pos;
        const int rhs = parseOperand("expected a value after '" + op + "'");
        if (rhs < 0) return -1;
        FilterOp kind = FilterOp::Eq;
        if (op == "!=" || op == "<>") kind = FilterOp::Ne;
        else if (op == "<") kind = FilterOp::Lt;
        else if (op == "<=") kind = FilterOp::Le;
        else if (op == ">") kind = FilterOp::Gt;
        else if (op == ">=") kind = FilterOp::Ge;
        return add({kind, false, lhs, rhs, {}});
    }
    int parseLike(int lhs, bool negated) {
        ++m_pos; // like or ilike: both ignore ASCII case
        if (peek().kind != Tok::String) return fail("expected a quoted pattern such as 'Park%'");
        const int pattern = parseOperand("expected a pattern");
        if (pattern < 0) return -1;
        return add({FilterOp::Like, negated, lhs, pattern, {}});
    }
    int parseIn(int lhs, bool negated) {
        if (peek().kind != Tok::LParen) return fail("expected '(' after 'in'");
        ++m_pos;
        FilterNode node{FilterOp::In, negated, lhs, -1, {}};
        while (true) {
            const int item = parseOperand("expected a value in the list");
            if (item < 0) return -1;
            node.list.push_back(item);
            if (peek().kind == Tok::Comma) {
                ++m_pos;
                continue;
            }
            if (peek().kind != Tok::RParen) return fail("expected ',' or ')' in the list");
            ++m_pos;
            return add(std::move(node));
        }
    }
    int parseBetween(int lhs, bool negated) {
        const int low = parseOperand("expected a value after 'between'");
        if (low < 0) return -1;
        if (!acceptKeyword("and")) return fail("expected 'and' in 'between ... and ...'");
        const int high = parseOperand("expected a value after 'and'");
        if (high < 0) return -1;
        return add({FilterOp::Between, negated, lhs, -1, {low, high}});
    }

    /// An attribute, text or number (with an optional leading minus).
    int parseOperand(const std::string& expected) {
        FilterOperand operand;
        const Token& t = peek();
        static constexpr const char* kReserved[] = {"and", "or", "not", "like", "ilike", "in",
                                                    "between", "is", "null"};
        const bool reserved =
            t.kind == Tok::Ident && std::any_of(std::begin(kReserved), std::end(kReserved),
                                                [&](const char* w) { return equalsIgnoreCase(t.text, w); });
        if ((t.kind == Tok::Ident && !reserved) || t.kind == Tok::QuotedIdent) {
            operand.isField = true;
            operand.slot = fieldSlot(t.text);
            operand.text = t.text;
        } else if (t.kind == Tok::String) {
            operand.text = t.text;
            operand.isNumber = parseStrictNumber(t.text, operand.number);
        } else if (t.kind == Tok::Number ||
                   (t.kind == Tok::Minus && m_tokens[m_pos + 1].kind == Tok::Number)) {
            if (t.kind == Tok::Minus) ++m_pos;
            operand.text = (t.kind == Tok::Minus ? "-" : "") + peek().text;
            operand.isNumber = parseStrictNumber(operand.text, operand.number);
        } else {
            return fail(expected);
        }
        ++m_pos;
        m_ast.operands.push_back(std::move(operand));
        return static_cast<int>(m_ast.operands.size() - 1);
    }

    int fieldSlot(const std::string& name) {
        const auto it = std::find(m_ast.fields.begin(), m_ast.fields.end(), name);
        if (it != m_ast.fields.end()) return static_cast<int>(it - m_ast.fields.begin());
        m_ast.fields.push_back(name);
        return static_cast<int>(m_ast.fields.size() - 1);
    }

    std::string_view m_text;
    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    FilterAst& m_ast;
    std::string m_error;
};

} // namespace

bool parseStrictNumber(std::string_view text, double& out) {
    auto isSpace = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    const char c = text.front();
    // from_chars also takes "inf" and "nan"; only plain decimal numbers count.
    if (!isDigit(c) && c != '.' && c != '-') return false;
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return false;
    out = value;
    return true;
}

bool parseFilter(std::string_view text, FilterAst& ast, std::string& error) {
    std::vector<Token> tokens;
    if (!Lexer(text).run(tokens, error)) return false;
    return Parser(text, std::move(tokens), ast).run(error);
}

} // namespace citytwin::data::detail
